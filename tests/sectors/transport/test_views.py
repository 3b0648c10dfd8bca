"""Report views of the traffic-signal notebook (greenimpact.sectors.transport.views): the tables
the notebook shows, and its figures drawn without error."""

from __future__ import annotations

import matplotlib
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact.scenarios import values
from greenimpact.sectors import transport as tr
from greenimpact.sectors.transport import views

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def base():
    return values("transport")


@pytest.fixture(scope="module")
def frame():
    return greenimpact.run("transport")


def test_delay_curves_and_policy_view(base, frame):
    curves = tr.delay_curves()
    assert set(curves["model"]) == {"Webster (1958)", "HCM 2000"}
    assert curves.query("model == 'Webster (1958)'")["x"].max() < 1 < curves["x"].max()
    view = tr.policy_view(frame, base, 2025).set_index("item")["value"]
    assert_allclose(
        view["avoided / city motor-vehicle CO2"], 100 * view["avoided CO2 (net of rebound)"] / 19.86
    )
    assert_allclose(view["cut from a 5 % lower transport carbon intensity"], 19.86 * 0.05)
    with pytest.raises(ValueError, match="year 2050 is not in the frame"):
        tr.policy_view(frame, base, 2050)


def test_net_steps_add_up_to_the_net(frame):
    steps = views.net_steps(frame, 2025)
    assert steps["step"].tolist() == [
        "gross avoided", "rebound", "platform electricity", "platform embodied", "net of compute"
    ]
    assert_allclose(steps["delta"].iloc[:4].sum(), steps["delta"].iloc[4], rtol=1e-12)
    with pytest.raises(ValueError, match="year 1990 is not in the frame"):
        views.net_steps(frame, 1990)


def test_tables_of_the_notebook(base, frame):
    table = views.assumptions("baseline")
    assert list(table.columns) == ["parameter", "value", "unit", "low", "high", "source", "reason_or_note"]
    assert "capacity_gain_pct" in set(table["parameter"])
    footprint = views.platform_table(base, 2025)
    assert_allclose(footprint["total_t"].sum() / 1e6, tr.impact_terms(base, 2025)["compute_mt"], rtol=1e-12)
    records = views.detectors()
    assert records.attrs["synthetic"] and set(records["period"]) == {"before", "after"}


@pytest.mark.filterwarnings("ignore::matplotlib.MatplotlibDeprecationWarning")  # seaborn boxplot, vert=
def test_figures_draw_and_return_their_tables(base, frame, capsys):
    import matplotlib.pyplot as plt

    curves = views.delay_figure()
    assert set(curves["model"]) == {"Webster (1958)", "HCM 2000"}
    records = views.detectors()
    views.detector_boxplot(records)
    assert "SYNTHETIC example data: 24 intersections" in capsys.readouterr().out
    did = views.did_estimate(records)
    truth = tr.detector_data().attrs["true_effect_s"]
    assert did.effect_ci[0] <= truth <= did.effect_ci[1]
    measured = views.measured_saving(did, "baseline", 2025)
    assert len(measured) == 2 and (measured["value"] > 0).all()
    band = tr.uncertainty_by_year(draws=200, seed=0)
    shown = views.uncertainty_figure(band, "baseline", 2025)
    assert shown["term"].tolist() == list(tr.BAND_TERMS) and (shown["year"] == 2025).all()
    evidence = views.evidence(frame, 2025)
    assert "delay reduction implied by this run" in capsys.readouterr().out and len(evidence) > 0
    steps = views.net_waterfall(frame, 2025)
    assert "\n" in steps["step"].iloc[0]
    plt.close("all")
