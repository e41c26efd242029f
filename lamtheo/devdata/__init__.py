"""Demo and benchmark generators: the top layer; no other app imports it.

- `demo/`: `load_demo` re-creates the article's committee (org: the bloc, with the city and
  district committees inserted above it through the reorganisation service), then the story
  year by year through the services, as people would (`demo/story.py`): 2021–2025 in the bloc,
  the 2025 reform (cells handed over to the ward committees on 01/07/2025, the bloc closed on
  30/06/2025), 2026 under the successors. A feature adds its demo data with a module
  `demo/demo_<feature>.py` and ONE line in `story.YEAR_STEPS` (`load_year(admin, year)`, called
  for each year in order) or `story.FINAL_STEPS` (`load(admin)`, once at the end). What the
  demo invents is in `data/reform.py`, on the sign-in page and in docs/demo.md.
- `bench/`: the generators and measurements behind BENCHMARKS.md (`bench_org`,
  `bench_checkin`, `bench_exemplars`).
- `data/`: the literal data both use (units, names, commitment templates, exemplars ...).
- `names.py`: the deterministic generator of realistic Vietnamese people.
"""
