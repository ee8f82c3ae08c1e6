"""The whole py-ecomplexity process that `proximity regions measures` is compared with (bench/regions.ts runs it
when Python can import ecomplexity and pandas): read a long CSV with pandas, keep one code level when asked,
ecomplexity(), write every row's measures to CSV.

    python3 bench/py_ecomplexity_run.py IN.csv OUT.csv REGION_COL ACTIVITY_COL VALUE_COL [YEAR_COL] [--digits N]
"""
import sys

import pandas as pd
from ecomplexity import ecomplexity

args = sys.argv[1:]
digits = None
if "--digits" in args:
    at = args.index("--digits")
    digits = int(args[at + 1])
    del args[at : at + 2]
src, out, region, activity, value = args[:5]
year = args[5] if len(args) > 5 else None

data = pd.read_csv(src, dtype={region: str, activity: str})
if digits is not None:
    data = data[data[activity].str.len() == digits]
if year is None:
    year = "year"
    data = data.assign(year=0)
data = data[[year, region, activity, value]]
result = ecomplexity(data, {"time": year, "loc": region, "prod": activity, "val": value}, verbose=False)
result.to_csv(out, index=False)
