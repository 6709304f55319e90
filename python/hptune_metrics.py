"""Speaks hptune's metrics protocol (docs/commands.md, "The metrics protocol").

Each call appends one JSON line {"step": n, "metrics": {...}} to the file named by
HPTUNE_METRICS_FILE, which hptune reads while the trial runs. Outside hptune (no such
variable) nothing is written and a note is printed once on stderr, so a script still runs
on its own. polyaxon_client.tracking and polyaxon_helper are thin layers over this module.
"""
import json
import math
import os
import sys

_warned = [False]


def _number(name, value):
    try:
        number = float(value)  # numpy scalars, ints, bools
    except (TypeError, ValueError):
        sys.stderr.write('hptune: metric %r ignored: %r is not a number\n' % (name, value))
        return None
    if math.isnan(number) or math.isinf(number):
        return number  # written as NaN/Infinity: hptune fails the trial and says which metric
    return number


def send(metrics, step=None):
    """Report metrics (a dict of names to numbers) at `step` (None: one more than the last)."""
    path = os.environ.get('HPTUNE_METRICS_FILE')
    if not path:
        if not _warned[0]:
            sys.stderr.write('hptune: HPTUNE_METRICS_FILE is not set (not run by hptune): metrics are not sent\n')
            _warned[0] = True
        return
    values = {}
    for name, value in metrics.items():
        number = _number(name, value)
        if number is not None:
            values[str(name)] = number
    if not values:
        return
    line = {'metrics': values}
    if step is not None:
        line['step'] = step
    with open(path, 'a') as f:
        f.write(json.dumps(line) + '\n')


def params():
    """The trial's params (matrix values, params/declarations, the Hyperband/ASHA resource)."""
    return json.loads(os.environ.get('HPTUNE_PARAMS') or '{}')


def outputs_path():
    """The trial's output folder (its parent's when Hyperband/ASHA resumes it)."""
    path = os.environ.get('HPTUNE_OUTPUT_DIR')
    if path and not os.path.isdir(path):
        os.makedirs(path)
    return path


def data_paths():
    """HPTUNE_DATA_PATHS (a JSON object of names to folders), as Polyaxon's data volumes; None when unset."""
    raw = os.environ.get('HPTUNE_DATA_PATHS') or os.environ.get('POLYAXON_RUN_DATA_PATHS')
    return json.loads(raw) if raw else None
