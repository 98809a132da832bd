"""Leads load, concurrent paging beside the sequential baseline, on the same machine.

Each run starts `bench/leads.py` twice, in fresh processes one after the other: pages read
concurrently (the Leads tab as shipped) and one page after another. The ratio is the
concurrent time over the sequential one; `bench/run.py` reports the median of its runs.

    python bench/leads_compare.py --leads 50000
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from common import NotAvailable, run_figure, run_script


def measure(leads: int, concurrency: int) -> dict[str, Any]:
    base = ["--leads", str(leads), "--concurrency", str(concurrency)]
    together = run_script("leads", base)
    alone = run_script("leads", [*base, "--sequential"])
    for result in (together, alone):
        if "not_available" in result:
            raise NotAvailable(str(result["not_available"]))
    key = f"leads_load_{leads}_s"
    fast, slow = float(together[key]), float(alone[key])
    return {
        f"leads_concurrent_{leads}_s": fast,
        f"leads_sequential_{leads}_s": slow,
        f"leads_ratio_{leads}": round(fast / slow, 3) if slow else 0.0,
        f"rss_peak_concurrent_{leads}_mb": together[f"rss_peak_{leads}_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=50000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)
    return run_figure(measure, args.leads, args.concurrency)


if __name__ == "__main__":
    sys.exit(main())
