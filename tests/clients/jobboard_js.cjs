// greenhouse-jobboard-js, unchanged except its documented base URL: every method of its
// JobBoardClientV1, with a JSON client over fetch. Prints each method's result as JSON.
"use strict";
const { JobBoardClientV1 } = require("greenhouse-jobboard-js");

async function main() {
  const [boardToken, jobId, departmentId] = process.argv.slice(2);
  JobBoardClientV1.baseURL = `${process.env.GREENHOUSE_API_BASE}/v1`;
  const client = new JobBoardClientV1({
    boardToken,
    client: {
      async get(url) {
        const response = await fetch(url);
        return response.json();
      },
    },
  });
  const out = {
    jobList: await client.getJobList(),
    jobListWithContent: await client.getJobListWithContent(),
    job: await client.getJob(Number(jobId)),
    jobWithQuestions: await client.getJobWithQuestions(Number(jobId)),
    departmentList: await client.getDepartmentList(),
    departmentTree: await client.getDepartmentTree(),
    departmentAsListItem: await client.getDepartmentAsListItem(Number(departmentId)),
    departmentAsTreeNode: await client.getDepartmentAsTreeNode(Number(departmentId)),
  };
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
