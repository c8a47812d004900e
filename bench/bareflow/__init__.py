"""A bare viewflow 2.4 flow with no domain code: the baseline the engine is
measured against (bench/engine_vs_viewflow.py). Installed only by
``bench.settings``."""
