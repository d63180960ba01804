"""ats-jobs-mcp (PyPI), unchanged except its Greenhouse adapter's ``base_url``: its MCP tool
``list_open_jobs`` called as an MCP client would, its answer printed as JSON.

Run with the interpreter of .tools/greenhouse-py (scripts/test makes it): the package
needs mcp 2, whose httpx2 would switch Starlette's TestClient for the whole suite.
Usage: python ats_jobs_mcp_list.py BASE_URL BOARD_TOKEN
"""

import json
import sys

from ats_jobs_mcp import server

base_url, token = sys.argv[1:3]
server.SYSTEMS["greenhouse"].base_url = base_url
answer = server.list_open_jobs(f"greenhouse:{token}", limit=1000, include_description=True)
sys.stdout.write(json.dumps(answer))
