"""The ``chiso`` command line: a thin layer over the packages' public APIs.

Each module in :mod:`chiso.commands` registers its commands on :data:`app`;
heavy imports happen inside the command functions so that ``chiso --help``
stays instant.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="chiso",
    help="Vietnamese public-administration index results (PAR INDEX, SIPAS, PAPI, PCI, "
    "DDCI, DGI, ICT Index, DTI, PII) from news articles, with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Console-script entry point."""
    app()


# The command modules register themselves on ``app`` when imported.
from chiso.commands import compare, crawl, evaluate, extract  # noqa: E402,F401
