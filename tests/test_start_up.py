"""What start-up leaves for later is still there, and still right, when it is needed."""

import re
import subprocess
import sys
from typing import Any

import pytest
import yaml
from marshmallow import ValidationError
from marshmallow.validate import Email

from schemas.patterns import PatternOnFirstUse, large_patterns_compiled_on_first_use
from service.config import BUNDLED_SEEDS

ROOT = BUNDLED_SEEDS.parent


def run_python(code: str) -> str:
    """`code` run in a fresh interpreter from the project's folder; its output."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_making_the_app_leaves_the_patterns_over_all_of_unicode_uncompiled() -> None:
    found = run_python(
        "import service.wsgi, marshmallow.validate as v, yaml.reader as r; "
        "print(v.Email.DOMAIN_REGEX, r.Reader.NON_PRINTABLE._compiled)"
    )
    assert found.startswith("PatternOnFirstUse(")
    assert found.endswith(" None")


def test_the_pure_python_yaml_reader_still_refuses_unprintable_characters() -> None:
    with pytest.raises(yaml.YAMLError, match="special characters are not allowed"):
        yaml.load("title: \x07", Loader=yaml.SafeLoader)
    assert yaml.load("title: \u00e9", Loader=yaml.SafeLoader) == {"title": "\u00e9"}


@pytest.mark.parametrize(
    "address", ["partner@example.com", "X@ÉCOLE.fr", "a.b+c@sub.example.co.uk", "u@[10.0.0.1]"]
)
def test_e_mail_addresses_pass_as_before(address: str) -> None:
    assert Email()(address) == address


@pytest.mark.parametrize("address", ["bad@", "@example.com", "a@-example.com", "a@b.c"])
def test_bad_e_mail_addresses_are_refused_as_before(address: str) -> None:
    with pytest.raises(ValidationError):
        Email()(address)


def test_a_deferred_pattern_matches_as_its_compiled_pattern() -> None:
    source = "[A-Z\u00a1-\uffff]+"  # the characters themselves, as marshmallow writes them
    with large_patterns_compiled_on_first_use():
        deferred: Any = re.compile(source, re.IGNORECASE)  # typed as re.Pattern, which it is not
        small = re.compile(r"[a-z]+", re.IGNORECASE)
    assert isinstance(deferred, PatternOnFirstUse)
    assert isinstance(small, re.Pattern)
    assert re.compile.__module__ == "re"  # put back on the way out
    for text in ("Éa", "abc", "123", "ÿZ"):
        expected = re.compile(source, re.IGNORECASE).fullmatch(text)
        got = deferred.fullmatch(text)
        assert (got and got.group()) == (expected and expected.group())
    assert deferred.pattern == source and deferred.flags & re.IGNORECASE
