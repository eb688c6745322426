"""`cchc serve`: the plan in a browser, over the same library calls as the command line.

Starlette (routing, forms, responses) served by uvicorn, pages rendered on the server with
Jinja, a little JavaScript of our own for checking a form as it is typed and showing a change
on disk; no build step, no asset from the network."""
