"""Every plain HTTP route of the app (what is not a Reflex event): the job board API, sign-in
and sign-out, API keys, data-rights downloads, job alert links, documents and CSV reports,
sitemap, robots.txt and feeds, health, the first response, and the security headers.
``mount.py`` puts them in front of Reflex's own routes, in one place."""
