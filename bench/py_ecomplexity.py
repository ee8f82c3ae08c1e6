"""Times py-ecomplexity's ecomplexity() on the inputs bench/regions.ts wrote (run by it when the
`ecomplexity` package is importable). Prints one line per input: `name seconds`."""
import sys
import time

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity

COLS = {"time": "year", "loc": "region", "prod": "activity", "val": "value"}


def long_table(cube):
    """A (years, regions, activities) array as py-ecomplexity's long input, zeros left out."""
    y, r, a = np.nonzero(cube)
    return pd.DataFrame({"year": y, "region": r, "activity": a, "value": cube[y, r, a]})


for spec in sys.argv[1:]:
    name, path, years, regions, activities = spec.split(":")
    cube = np.fromfile(path, dtype="<f8").reshape(int(years), int(regions), int(activities))
    data = long_table(cube)
    t0 = time.perf_counter()
    ecomplexity(data, COLS, verbose=False)
    print(name, time.perf_counter() - t0, flush=True)
