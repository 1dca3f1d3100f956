"""The dataset version an instance has served: recorded by each worker, so one that starts while
Redis is away (a replacement after a crash or a routine restart) never answers with the bundled
seeds when its siblings have served a version published since."""

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "served-version"


class ServedVersion:
    """A file in a folder that an instance's processes share (INSTANCE_DIR, which gunicorn's
    settings make per instance), naming the version last loaded from Redis."""

    def __init__(self, folder: Path | None) -> None:
        self._path = folder / FILE_NAME if folder is not None else None

    def record(self, version: str) -> None:
        if self._path is None:
            return
        try:
            # Written beside, then renamed over: a reader never sees half a version.
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=".served-")
            with os.fdopen(handle, "w") as out:
                out.write(version)
            os.replace(temporary, self._path)
        except OSError as error:
            log.warning("could not record the served version: %s", error)

    def read(self) -> str | None:
        if self._path is None:
            return None
        try:
            return self._path.read_text().strip() or None
        except OSError:
            return None
