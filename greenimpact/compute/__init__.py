"""Compute footprint models: data-centre demand, facilities, green power and carbon, AI requests,
and the footprint of the digital platforms that enable reductions in other sectors."""
