# Written by clients/generate.py from openapi.yaml's info.version.
__version__ = "1.1.0"
