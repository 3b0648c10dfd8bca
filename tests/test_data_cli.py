"""``greenimpact data`` from the shell."""

from __future__ import annotations

from click.testing import CliRunner

from greenimpact.cli import cli


def test_data_list_and_describe():
    runner = CliRunner()
    out = runner.invoke(cli, ["data", "list"])
    assert out.exit_code == 0 and "dc_electricity" in out.output
    out = runner.invoke(cli, ["data", "describe", "dc_electricity"])
    assert out.exit_code == 0 and "share_reported" in out.output and "iea_2025_energy_ai" in out.output
    out = runner.invoke(cli, ["data", "describe", "nope"])
    assert out.exit_code == 2 and "unknown dataset 'nope'" in out.output


def test_data_check_reports_problems(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "series,kind,region,year,value,unit,share_reported,boundary,coverage,source,confidence,note\n"
        "mine,estimate,CN,2024,-5,TWh/yr,,not_stated,not_stated,iea_2025_energy_ai,verified,\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(cli, ["data", "check", "dc_electricity", str(bad)])
    assert out.exit_code == 2  # an input error (README: exit codes)
    assert "row 1 (line 2), column 'value': -5 is negative" in out.output
    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace(",-5,", ",5,"), encoding="utf-8")
    out = CliRunner().invoke(cli, ["data", "check", "dc_electricity", str(good)])
    assert out.exit_code == 0 and "1 rows match" in out.output
