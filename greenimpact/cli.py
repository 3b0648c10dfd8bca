"""Command-line interface: ``greenimpact COMMAND ...``.

Subcommands are imported only when they are invoked, so ``greenimpact --help`` and
``greenimpact params`` start fast and ``greenimpact render`` pays for papermill once.

Exit codes, the same for every command (the table is in the README):

====  ==========================================================================
0     done
1     a run failed (a model raised while computing, a report failed to render)
2     usage or input error: unknown command, option, name or value, unreadable or
      unwritable file; nothing was run or written
130   interrupted (Ctrl-C)
====  ==========================================================================

An unknown name (command, report, parameter, model, scenario, dataset) is one line with the
close matches (:func:`greenimpact.literals.unknown_name`).
"""

from __future__ import annotations

import errno
import importlib
import sys

import click

#: Exit codes of every command.
EXIT_OK, EXIT_RUN_FAILED, EXIT_INPUT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

#: command name -> "module:attribute" of a click command
LAZY_COMMANDS: dict[str, str] = {
    "render": "greenimpact.render.commands:render",
    "params": "greenimpact.render.commands:params",
    "list": "greenimpact.render.commands:list_reports",
    "data": "greenimpact.data_cli:data",
    "run": "greenimpact.api_cli:run",
    "scenarios": "greenimpact.api_cli:scenarios",
    "export": "greenimpact.api_cli:export",
    "sweep": "greenimpact.sweep_cli:sweep",
}


class InputError(click.ClickException):
    """A usage or input error: printed as one ``Error: ...`` line, exit code 2."""

    exit_code = EXIT_INPUT_ERROR


class RunFailed(click.ClickException):
    """A model or report run failed: printed as one ``Error: ...`` line, exit code 1."""

    exit_code = EXIT_RUN_FAILED


class SuggestingGroup(click.Group):
    """A click group that answers an unknown subcommand with the close matches (exit 2) and
    exits 130 on Ctrl-C (click's default is 1)."""

    def resolve_command(self, ctx, args):
        from greenimpact.literals import unknown_name

        name = args[0] if args else ""
        if (name and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            raise click.UsageError(unknown_name("command", name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            value = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (KeyboardInterrupt, click.Abort):
            click.echo(f"{prog_name or 'greenimpact'}: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno != errno.EPIPE:  # output piped into `head`: stop quietly
                raise
            from click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.exit(EXIT_RUN_FAILED)
        sys.exit(value if isinstance(value, int) else EXIT_OK)


class LazyGroup(SuggestingGroup):
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
    """greenimpact: is green computing paying off? Reproducible numbers and reports.

    Exit codes: 0 done, 1 a run failed, 2 usage or input error, 130 interrupted.
    """


def main(argv=None):
    """Entry point of the ``greenimpact`` console script."""
    return cli.main(args=argv, prog_name="greenimpact")


if __name__ == "__main__":  # pragma: no cover
    main()
