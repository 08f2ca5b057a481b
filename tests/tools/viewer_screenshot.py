"""The viewer draws Paser: a replay, a live view and a difference view (--vs) each render a
screenshot at 07:30 on a virtual
X display (Xvfb, Mesa's software OpenGL); the images are not blank, and the map (roads, zones)
covers a good part of the frame. The KPI panel's values and units fit their cells (the viewer
counts the texts wider than their cell: none, at 1280x720 and at 1920x1080). Skipped (exit 77)
where Xvfb is missing.

One Xvfb serves the three runs, started here with -displayfd (it picks a free display and says which
when it is ready). Not xvfb-run: its clean-up of its temporary directory now and then fails and it
then exits 5 whatever the program under it returned.

usage: viewer_screenshot.py TUNTAS SCENARIO OUT_DIR
"""
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import matplotlib.image
import numpy as np

BACKGROUND = np.array([0.09, 0.10, 0.12])  # the viewer's clear colour


def texts_fit(viewer_output):
    """The viewer's screenshot line says no KPI text was cut."""
    line = next(line for line in viewer_output.splitlines() if "KPI texts cut:" in line)
    print(line)
    assert line.rstrip().endswith("KPI texts cut: 0"), line


def check(png, size=(1280, 720)):
    image = matplotlib.image.imread(png)[:, :, :3]
    assert image.shape == (size[1], size[0], 3), image.shape
    assert image.std() > 0.02, f"{png}: blank"
    # The map sits in the middle third, between the panels: most of it is drawn on.
    middle = image[:, 430:880]
    drawn = np.abs(middle - BACKGROUND).sum(axis=2) > 0.05
    share = drawn.mean()
    # Roads are drawn in the speed colours: some pixels are clearly green, yellow or red.
    r, g, b = middle[..., 0], middle[..., 1], middle[..., 2]
    roads = ((g > 0.5) & (b < 0.35)) | ((r > 0.7) & (b < 0.3))
    print(f"{png.name}: {100 * share:.0f} % of the map area drawn, {roads.sum()} road pixels")
    assert share > 0.3, f"{png}: the map is missing"
    assert roads.sum() > 500, f"{png}: no roads drawn"


@contextmanager
def virtual_display(width, height):
    """Starts Xvfb on a free display and yields its name (":N"); stops it on the way out."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
                               "-nolisten", "tcp"], pass_fds=(write_end,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()
    try:
        assert number, f"Xvfb did not start (exit {server.poll()})"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if shutil.which("Xvfb") is None:
        print("Xvfb is missing: skipped")
        sys.exit(77)
    out.mkdir(parents=True, exist_ok=True)
    sets = ["--set", "start=2025-03-03T05:00:00", "--set", "duration=3h", "--set", "warmup=0s"]
    result = out / "replay.h5"
    subprocess.run([tuntas, "run", scenario, "-o", str(result), "--force", "--quiet", "--threads", "2", *sets],
                   check=True, stdout=subprocess.DEVNULL)
    with virtual_display(1920, 1080) as display:
        env = dict(os.environ, DISPLAY=display)
        view(tuntas, scenario, result, sets, out, env)


def view(tuntas, scenario, result, sets, out, env):
    """The three viewer runs on the display in env."""
    replay_png = out / "replay.png"
    texts_fit(subprocess.run([tuntas, "view", str(result), "--screenshot", str(replay_png), "--at", "07:30"],
                             check=True, timeout=120, env=env, capture_output=True, text=True).stdout)
    check(replay_png)
    large_png = out / "replay-1920.png"
    texts_fit(subprocess.run([tuntas, "view", str(result), "--size", "1920x1080", "--screenshot", str(large_png),
                              "--at", "07:30"], check=True, timeout=120, env=env, capture_output=True,
                             text=True).stdout)
    check(large_png, (1920, 1080))
    live_png = out / "live.png"
    texts_fit(subprocess.run([tuntas, "view", scenario, "-o", str(out / "live.h5"), "--force", *sets,
                              "--screenshot", str(live_png), "--at", "07:30"], check=True, timeout=300, env=env,
                             capture_output=True, text=True).stdout)
    check(live_png)
    assert (out / "live.h5").exists(), "the live run did not complete its result"
    # A live run that cannot start says why and exits 2 (bad input), it does not hang.
    bad = subprocess.run([tuntas, "view", scenario, "-o", str(out / "bad.h5"), "--force", *sets,
                          "--set", "waste.policy=bogus", "--screenshot", str(out / "bad.png"), "--at", "07:30"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2, (bad.returncode, bad.stderr)
    assert "waste policy 'bogus'" in bad.stderr, bad.stderr
    difference(tuntas, result, out, env)


def difference(tuntas, result, out, env):
    """--vs: a result against itself changes nothing, so the map is drawn in the difference
    view's grey and none of its blue or red; against the live run's result (the same run,
    sampled alike) it opens too; against a result of another district it is exit 2."""
    same_png = out / "same.png"
    subprocess.run([tuntas, "view", str(result), "--vs", str(result), "--screenshot", str(same_png),
                    "--at", "07:30"], check=True, timeout=120, env=env, capture_output=True)
    image = matplotlib.image.imread(same_png)[:, 430:880, :3]
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    grey = (np.abs(r - 0.62) < 0.05) & (np.abs(g - 0.62) < 0.05) & (np.abs(b - 0.62) < 0.05)
    coloured = ((b > 0.8) & (r < 0.3)) | ((r > 0.8) & (g < 0.3) & (b < 0.3))
    print(f"{same_png.name}: {grey.sum()} grey pixels, {coloured.sum()} blue or red")
    assert grey.sum() > 2000 and coloured.sum() < 50, (grey.sum(), coloured.sum())
    other = out / "other-district.h5"
    subprocess.run([tuntas, "run", str(Path(__file__).resolve().parents[2] / "scenarios" / "examples"
                                       / "mm1.toml"), "-o", str(other), "--force", "--quiet",
                    "--set", "duration=2h"], check=True, stdout=subprocess.DEVNULL)
    refused = subprocess.run([tuntas, "view", str(result), "--vs", str(other), "--screenshot",
                              str(out / "refused.png"), "--at", "00:30"], capture_output=True,
                             text=True, timeout=120, env=env)
    assert refused.returncode == 2, (refused.returncode, refused.stderr)
    assert "not of the same district" in refused.stderr, refused.stderr


if __name__ == "__main__":
    main()
