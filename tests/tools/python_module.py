"""The tuntas Python module keeps results and reports errors as Python does: a run on an
existing result raises FileExistsError (saying force=True, not the command line's --force) and
leaves the result as it was; force=True replaces it; a bad scenario value raises
tuntas.InputError (a ValueError) naming the file, line and key; kpis() and series() read back
what run() returned.

usage: python_module.py BUILD_DIR OUT_DIR
"""
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(sys.argv[1]) / "python"))
import tuntas  # noqa: E402

out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
scenario = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "mm1.toml"
result = out / "module.h5"
result.unlink(missing_ok=True)

first = tuntas.run(str(scenario), ["duration=2h", "mm1.warmup=60s"], output=str(result))
before = hashlib.sha256(result.read_bytes()).hexdigest()
try:
    tuntas.run(str(scenario), ["duration=2h", "mm1.warmup=60s", "seed=9"], output=str(result))
    raise AssertionError("a second run replaced the result without force=True")
except FileExistsError as error:
    assert "force=True" in str(error) and "--force" not in str(error), str(error)
assert hashlib.sha256(result.read_bytes()).hexdigest() == before, "the result was touched"

again = tuntas.run(str(scenario), ["duration=2h", "mm1.warmup=60s", "seed=9"],
                   output=str(result), force=True)
assert again["fingerprint"] != first["fingerprint"]
assert tuntas.kpis(str(result)) == again["kpis"]
time_s, values = tuntas.series(str(result), "mm1/in_system")
assert (values == again["series"]["mm1/in_system"]).all() and time_s[-1] == 2 * 3600

try:
    tuntas.run(str(scenario), ["mm1.queues=-3"])
    raise AssertionError("a negative queue count ran")
except tuntas.InputError as error:
    assert isinstance(error, ValueError)
    assert "--set mm1.queues=-3" in str(error) and "key 'mm1.queues'" in str(error), str(error)
print("module: FileExistsError kept the result, force=True replaced it, InputError named the key")
