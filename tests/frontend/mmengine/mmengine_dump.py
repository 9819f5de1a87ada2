"""Runs MMEngine's own Config.fromfile on configs and records what to_dict() gives.

Not run in CI: it needs a checkout of MMEngine (tag v0.10.7) and its Python dependencies
(Debian: python3-yapf python3-termcolor python3-rich python3-yaml python3-packaging
python3-setuptools; addict from a checkout of mewwts/addict, passed with --path).

    /usr/bin/python3 -X frozen_modules=off tests/frontend/mmengine/mmengine_dump.py \
        --mmengine /path/to/mmengine --path /path/to/addict \
        [--package mmcls=/path/to/mmpretrain ...] [--path /path/to/mmpretrain ...] \
        --root DIR --out results.json FILE_OR_DIR...

`-X frozen_modules=off`: CPython 3.11 freezes `os`, and MMEngine 0.10.7's
`_is_builtin_module` then takes it for a third-party module (its spec's origin is 'frozen');
with frozen modules off, `os` is a standard module again, as on the Pythons MMEngine was tested
on. --package NAME=REPO makes `NAME::path` bases resolvable the way an installed package is
(NAME/.mim -> REPO, so REPO/configs/path); --path puts a folder on sys.path (a checkout whose
package a pure-Python config imports its bases from). The environment of every config is
exactly {'HOME': '/home/yoloc'} (yoloc's sweeps and tests use the same).

The output maps each config (relative to --root) to {"ok": true, "json": json.dumps(to_dict(),
indent=2)} or {"ok": false, "error": "ExceptionType: message"}. Each config is loaded in a
forked child, so one config's code cannot change the next one's environment.
"""
import argparse
import json
import os
import signal
import sys
import tempfile

ENV = {'HOME': '/home/yoloc'}


def configs(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.endswith(('.py', '.json', '.yaml', '.yml')):
                        yield os.path.join(dirpath, name)
        else:
            yield p


def load(path):
    from mmengine.config import Config
    cfg = Config.fromfile(path)
    d = cfg.to_dict()
    try:
        return {'ok': True, 'json': json.dumps(d, indent=2)}
    except (TypeError, ValueError) as e:
        return {'ok': False, 'error': f'to_dict() is not JSON: {type(e).__name__}: {e}'}


def run_one(path, timeout, root):
    out = _run_one(path, timeout)
    if not out['ok']:
        # Machine-specific parts out: the root folder and the sys.path listing.
        out['error'] = out['error'].replace(os.path.abspath(root), '$ROOT').split(', the current sys.path is:')[0]
    return out


def _run_one(path, timeout):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.environ.clear()
        os.environ.update(ENV)
        signal.alarm(timeout)
        try:
            out = load(path)
        except BaseException as e:  # noqa: B036 - record whatever MMEngine raised
            msg = str(e).replace(tempfile.gettempdir(), '$TMP')
            out = {'ok': False, 'error': f'{type(e).__name__}: {msg}'}
        with os.fdopen(w, 'w') as f:
            json.dump(out, f)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    if not text:
        return {'ok': False, 'error': f'died (status {status})'}
    return json.loads(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mmengine', required=True)
    ap.add_argument('--path', action='append', default=[])
    ap.add_argument('--package', action='append', default=[])
    ap.add_argument('--root', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--timeout', type=int, default=60)
    ap.add_argument('inputs', nargs='+')
    a = ap.parse_args()
    fake = tempfile.mkdtemp(prefix='mmengine-packages-')
    for spec in a.package:
        name, repo = spec.split('=', 1)
        os.makedirs(os.path.join(fake, name))
        open(os.path.join(fake, name, '__init__.py'), 'w').close()
        os.symlink(os.path.abspath(repo), os.path.join(fake, name, '.mim'))
    sys.path[:0] = [os.path.abspath(a.mmengine)] + [os.path.abspath(p) for p in a.path] + [fake]
    import mmengine.config  # noqa: F401 - imported once, before the forks
    results = {}
    for path in configs(a.inputs):
        rel = os.path.relpath(path, a.root)
        results[rel] = run_one(os.path.abspath(path), a.timeout, a.root)
    with open(a.out, 'w') as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write('\n')
    ok = sum(1 for r in results.values() if r['ok'])
    print(f'{len(results)} configs: {ok} loaded by MMEngine, {len(results) - ok} refused')


if __name__ == '__main__':
    main()
