"""Regenerates tests/frontend/mmengine/expected.json: MMEngine's own Config.fromfile on every
tests/frontend/mmengine/cases/*/main.py (not run in CI; see mmengine_dump.py for what it needs).

    /usr/bin/python3 -X frozen_modules=off tests/frontend/mmengine/regen.py \
        --mmengine /path/to/mmengine-v0.10.7 --path /path/to/addict
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == '__main__':
    mains = sorted(glob.glob(os.path.join(HERE, 'cases', '*', 'main.py')))
    # pure_package imports its base from the package pkgx, which MMEngine finds on sys.path.
    subprocess.run([sys.executable, '-X', 'frozen_modules=off', os.path.join(HERE, 'mmengine_dump.py'), *sys.argv[1:],
                    '--path', os.path.join(HERE, 'cases', 'pure_package'),
                    '--root', os.path.join(HERE, 'cases'), '--out', os.path.join(HERE, 'expected.json'), *mains],
                   check=True)
