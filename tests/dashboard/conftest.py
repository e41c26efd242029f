"""The programme fixtures of tests/programs (an open 2026 year over the world's committee)."""

from tests.programs.conftest import COMMITMENT, TODAY, WINDOWS, commit, program, year  # noqa: F401
