"""Command-line interface: ``greenimpact COMMAND ...``.

Subcommands are imported only when they are invoked, so ``greenimpact --help`` and
``greenimpact params`` start fast and ``greenimpact render`` pays for papermill once.
"""

from __future__ import annotations

import importlib

import click

#: command name -> "module:attribute" of a click command
LAZY_COMMANDS: dict[str, str] = {
    "render": "greenimpact.render.commands:render",
    "params": "greenimpact.render.commands:params",
    "list": "greenimpact.render.commands:list_reports",
    "data": "greenimpact.data_cli:data",
    "run": "greenimpact.api_cli:run",
    "scenarios": "greenimpact.api_cli:scenarios",
    "export": "greenimpact.api_cli:export",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, cmd_name):
        if cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="greenimpact")
def cli():
    """greenimpact: is green computing paying off? Reproducible numbers and reports."""


def main(argv=None):
    """Entry point of the ``greenimpact`` console script."""
    return cli.main(args=argv, prog_name="greenimpact")


if __name__ == "__main__":  # pragma: no cover
    main()
