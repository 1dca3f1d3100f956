"""The partnership metadata service: a read-only, versioned REST API over evidence-backed facts."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from service import api, docs, errors, headers, health, logs, metrics, ratelimit
from service.config import Config
from service.http import refuse_unacceptable
from service.metrics import StoreMetrics
from service.pages import PageCache
from service.state import ServiceState
from service.store.connect import create_store


def create_app(config: Config | None = None) -> Flask:
    """Build the app; nothing connects anywhere at import time.

    Hooks run in the order they are registered, after-request hooks in the reverse order: the
    request is tagged with its id first and counted against its client's limit before anything
    may refuse it (a bad URL, an Accept it cannot have), so every answer carries both; the
    access log and the metrics see the answer last, as it leaves."""
    config = config or Config.from_env()
    logs.configure(config.log_level)
    app = Flask(__name__)
    app.config.update(TESTING=config.testing)

    store_metrics = StoreMetrics()
    state = ServiceState(
        config=config,
        store=create_store(config, store_metrics),
        cache_control=(
            f"public, max-age={config.cache_max_age}, "
            f"stale-while-revalidate={config.stale_while_revalidate}"
        ),
        pages=PageCache(store_metrics),
        metrics=store_metrics,
    )
    app.extensions["partnership_api"] = state

    logs.init_app(app)
    metrics.init_app(app, store_metrics)
    headers.init_app(app, config)
    limiter = ratelimit.init_app(app, config)
    headers.init_bounds(app, config)
    app.before_request(refuse_unacceptable)

    api.init_app(app, state)
    health.init_app(app)
    ratelimit.exempt(limiter, health.blp, metrics.blp, docs.init_app(app))
    if config.trusted_proxies:
        # Only behind that many proxies may X-Forwarded-For name the client; never by default.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies
        )
    # Last, so our problem+json handlers replace the ones flask-smorest registers.
    errors.init_app(app)
    return app
