"""A two-parameter model used to test scenario resolution and ``greenimpact.run``."""

import pandas as pd


def run(params, *, scenario):
    years = range(2024, 2027)
    return pd.DataFrame(
        {
            "region": "CN",
            "variable": "Electricity|Data Centres",
            "unit": "TWh/yr",
            "year": list(years),
            "value": [params["base_twh"] * (1 + params["growth_pct"] / 100) ** (y - 2024) for y in years],
        }
    )
