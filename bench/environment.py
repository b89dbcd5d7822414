"""The benchmarks' Django environment: the test client's, with pages rendered as in production."""

from django.template import Template
from django.test.utils import _TestState, setup_test_environment


def setup_bench_environment() -> None:
    """`setup_test_environment` (the test client's host, e-mails kept in memory), but without
    its instrumented template rendering: that one sends a signal per template rendered and the
    test client copies the whole context each time (for `response.context`), which a page of
    120 included cards pays 120 times and production never does."""
    setup_test_environment()
    Template._render = _TestState.saved_data.template_render
