"""The WSGI entry point gunicorn serves: `service.wsgi:app`."""

# werkzeug encodes each request's host with the idna codec, whose first use imports it: imported
# here, once, instead of by every worker on its first request.
import encodings.idna  # noqa: F401
import gc

from service import create_app

# Making the app creates well over 100,000 objects that live as long as the process (modules,
# schemas, routes, the dataset, the OpenAPI document) and next to no garbage, yet the cycle
# collector walked them again and again while they were made. Then they are frozen out of its
# reach: gunicorn's workers, forked from this process after it (preload_app), never walk them
# either, nor write to the memory pages they share with it. The few cyclic leftovers of the
# build stay with them, as frozen objects do.
gc.disable()
try:
    app = create_app()
finally:
    gc.freeze()
    gc.enable()
