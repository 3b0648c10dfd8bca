"""What the CLI writes: atomic files in the format the extension names, one ``model`` column
convention, a compact summary on the terminal, tables that fit the terminal width."""

from __future__ import annotations

import errno
import os
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from greenimpact import api, results
from greenimpact.api_cli import format_table, round_for_display, summary, summary_years
from greenimpact.cli import cli
from greenimpact.fileio import OutputPathError, check_output_path


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture(scope="module")
def compute_frame():
    return api.run("compute")


# ------------------------------------------------------------------------------------------
# files


def test_run_writes_the_format_its_extension_names(tmp_path, compute_frame):
    """Failure 14: `run -o out.xlsx` wrote CSV under an .xlsx name."""
    xlsx = tmp_path / "out.xlsx"
    out = invoke("run", "compute", "-o", str(xlsx))
    assert out.exit_code == 0, out.output
    assert xlsx.read_bytes()[:2] == b"PK"  # a zip container, as every .xlsx
    back = pd.read_excel(xlsx, sheet_name="data")
    assert list(back.columns) == results.IAMC_COLUMNS and len(back) == len(compute_frame)
    csv = tmp_path / "out.csv"
    assert invoke("run", "compute", "-o", str(csv)).exit_code == 0
    pd.testing.assert_frame_equal(pd.read_csv(csv), back)
    assert sorted(os.listdir(tmp_path)) == ["out.csv", "out.xlsx"]  # no temporary file left


@pytest.mark.parametrize("command", [["run", "compute"], ["export", "--model", "compute"]])
def test_unknown_extension_refused_before_any_work(tmp_path, command):
    """Failure 14: `export -o x.json` wrote CSV; the format must follow the extension."""
    target = tmp_path / "x.json"
    out = invoke(*command, "-o", str(target))
    assert out.exit_code == 2
    assert "extension '.json'; use one of .csv, .xlsx" in out.output
    assert not target.exists() and os.listdir(tmp_path) == []


def test_parquet_needs_pyarrow(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "table_suffixes", lambda: (".csv", ".xlsx"))
    with pytest.raises(OutputPathError, match="Parquet needs pyarrow, which is not installed"):
        results.check_table_path(tmp_path / "x.parquet")


@pytest.mark.parametrize("command", [["run", "compute"], ["export", "--model", "compute"]])
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("{tmp}/missing/out.csv", "cannot write {tmp}/missing/out.csv: folder {tmp}/missing does not exist"),
        ("/dev/full", "cannot write /dev/full: it is a character device, not a regular file"),
        ("{tmp}", "it is a folder, not a regular file"),
    ],
)
def test_unwritable_output_is_one_line_exit_2(tmp_path, command, target, message):
    """Failure 11: `run`/`export -o` into a missing folder or /dev/full gave a traceback."""
    out = invoke(*command, "-o", target.format(tmp=tmp_path))
    assert out.exit_code == 2
    assert message.format(tmp=tmp_path) in out.output
    assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1


def test_fifo_output_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(OutputPathError, match=r"pipe\.csv: it is a FIFO \(named pipe\), not a regular file"):
        check_output_path(fifo, suffixes=(".csv",))


def test_disk_full_keeps_the_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    """Failure 5: a full disk left the previous good CSV cut mid-row (it was written in place).
    The disk filling up is simulated: the writer puts out half a row, then gets ENOSPC."""
    target = tmp_path / "out.csv"
    assert invoke("run", "compute", "-o", str(target)).exit_code == 0
    good = target.read_bytes()

    def full_disk(self, path, *args, **kwargs):
        with open(path, "w") as fh:
            fh.write("model,scenario,reg")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    for command in (["run", "compute", "-s", "ai_surge"], ["export", "--model", "compute"]):
        out = invoke(*command, "-o", str(target))
        assert out.exit_code == 2
        assert f"cannot write {target}: No space left on device; nothing was written" in out.output
        assert target.read_bytes() == good
        assert os.listdir(tmp_path) == ["out.csv"]


def test_write_to_stdout_prints_csv(compute_frame):
    out = invoke("run", "compute", "-o", "-")
    assert out.exit_code == 0
    assert out.output.splitlines()[0] == ",".join(results.IAMC_COLUMNS)
    assert len(out.output.splitlines()) == len(compute_frame) + 1


def test_model_column_is_the_same_in_run_and_export(tmp_path, compute_frame):
    """Failure 14: `model` was 'greenimpact' from run and 'greenimpact compute' from export."""
    out = tmp_path / "run.csv"
    assert invoke("run", "compute", "-o", str(out)).exit_code == 0
    exported = tmp_path / "export.csv"
    assert invoke("export", "--model", "compute", "-o", str(exported)).exit_code == 0
    from_run, from_export = pd.read_csv(out), pd.read_csv(exported)
    assert set(from_run["model"]) == set(from_export["model"]) == {"greenimpact compute"}
    assert set(compute_frame["model"]) == {api.model_label("compute")} == {"greenimpact compute"}
    baseline = from_export[from_export["scenario"] == "baseline"].reset_index(drop=True)
    pd.testing.assert_frame_equal(baseline, from_run)


# ------------------------------------------------------------------------------------------
# terminal


def test_run_without_output_prints_a_compact_rounded_summary(compute_frame):
    """Failure 14: `greenimpact run` printed 339 lines of raw CSV with float noise."""
    out = invoke("run", "compute", env={"COLUMNS": "80"})
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert len(lines) <= 2 + 15
    assert max(map(len, lines[1:])) <= 80
    n_variables = compute_frame["variable"].nunique()
    assert lines[0].startswith(f"greenimpact compute, baseline: 15 of {n_variables} variables")
    assert "--format csv" in lines[0]
    header = lines[1].split()
    years = [int(y) for y in header if y.isdigit()]
    assert years[0] == compute_frame["year"].min() and years[-1] == compute_frame["year"].max()
    assert not re.search(r"\d\.\d{4,}", out.output)  # no float noise
    last = compute_frame.query(f"variable == 'Electricity|Total' and year == {years[-1]}")["value"].item()
    row = next(line for line in lines if line.startswith("Electricity|Total"))
    assert row.split()[-1] == round_for_display(last) == f"{last:,.0f}"  # TWh/yr, grouped thousands
    every_family = {v.split("|")[0] for v in compute_frame["variable"]}
    shown = {line.split("|")[0].split()[0] for line in lines[2:]}
    assert {f.split()[0] for f in every_family} <= shown  # each family shows its aggregate


def test_format_csv_prints_the_full_frame(compute_frame):
    out = invoke("run", "compute", "--format", "csv")
    assert out.exit_code == 0
    printed = pd.read_csv(__import__("io").StringIO(out.output))
    assert len(printed) == len(compute_frame)
    pd.testing.assert_frame_equal(printed, compute_frame.astype({"year": "int64"}), check_dtype=False)


def test_summary_years_and_rounding_by_hand():
    assert summary_years(range(2018, 2036)) == [2018, 2020, 2025, 2030, 2035]
    assert summary_years([2020, 2030]) == [2020, 2030]
    assert summary_years(range(2000, 2101), n=3) == [2000, 2050, 2100]
    assert [round_for_display(v) for v in (123456.7, -12.34, 0.00012345)] == ["123,457", "-12.3", "0.000123"]


def test_summary_narrows_years_to_fit(compute_frame):
    wide, narrow = summary(compute_frame, width=200), summary(compute_frame, width=60)
    assert max(map(len, narrow.splitlines()[1:])) <= 60
    assert len(narrow.splitlines()[1].split()) < len(wide.splitlines()[1].split())


def test_scenarios_parameters_fit_the_terminal():
    """Failure 14: `scenarios --parameters` printed 369-character lines."""
    out = invoke("scenarios", "compute", "--parameters", env={"COLUMNS": "100"})
    assert out.exit_code == 0
    assert max(len(line) for line in out.output.splitlines()) <= 100
    assert "[compute / ai_surge]" in out.output and "utilisation" in out.output


def test_format_table_cuts_the_widest_text_column_first():
    frame = pd.DataFrame({"name": ["short", "x" * 50], "title": ["y" * 40, "z"], "n": [1, 22]})
    text = format_table(frame, width=40)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 40 and all(line.endswith(("1", "22", "n")) for line in lines)
    assert "…" in lines[2]  # the long name is cut and marked
    assert format_table(frame, width=10_000).splitlines()[2].startswith("x" * 50)
