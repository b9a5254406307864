"""Benchmark of `vaekst synth_register`: generation time and firms per second.

    python bench/bench_synth.py --firms 417000 --years 10

Writes gzip JSON lines (register and key figures) to a temporary directory, times the
simulation and the writing together, and prints the calibration achieved.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vaekst.register.synth.calibration import describe  # noqa: E402
from vaekst.register.synth.writer import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=417_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end-year", type=int, default=2025)
    parser.add_argument("--no-financials", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "register.jsonl.gz"
        financials = None if args.no_financials else Path(directory) / "financials.jsonl.gz"
        started = time.perf_counter()
        result = generate(
            firms=args.firms,
            years=args.years,
            seed=args.seed,
            end_year=args.end_year,
            out=out,
            financials=financials,
        )
        seconds = time.perf_counter() - started
        size = out.stat().st_size / 1e6
    print(f"synth_register --firms {args.firms} --years {args.years}")
    print(f"  documents written   {result.written:,} ({result.active:,} active)")
    print(f"  key-figure lines    {result.financial_lines:,}")
    print(f"  seconds             {seconds:.1f}")
    print(f"  active firms / s    {result.active / seconds:,.0f}")
    print(f"  documents / s       {result.written / seconds:,.0f}")
    print(f"  register file       {size:,.0f} MB gzip")
    print(describe(result.calibration))


if __name__ == "__main__":
    main()
