"""Demo and benchmark generators: the top layer; no other app imports it.

- `demo/`: `load_demo` re-creates the article's committee (org), then each feature's story
  (programs, study, exemplars) through the services, as people would.
- `bench/`: the generators and measurements behind BENCHMARKS.md (`bench_org`,
  `bench_checkin`, `bench_exemplars`).
- `data/`: the literal data both use (units, names, commitment templates, exemplars ...).
- `names.py`: the deterministic generator of realistic Vietnamese people.
"""
