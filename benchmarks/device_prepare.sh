#!/usr/bin/env bash
# Prepares what benchmarks/device_run.sh carries to a device machine, here,
# from the repository root: the cp312 wheels of Keras, its two needs and
# lazy_loader, which the device image lacks, a wheel of this working tree's kzoo (rebuild it
# before every device run), and MNIST. .whl/ and .data/ are git-ignored via
# .git/info/exclude.
set -eu
for path in /.whl/ /.data/; do
    grep -qxF "$path" .git/info/exclude || echo "$path" >>.git/info/exclude
done
mkdir -p .whl .data
cp -n "${KZOO_DATA_DIR:-../shared/data/mnist}"/*.gz .data/
platforms=""
for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_17_x86_64 \
    manylinux2014_x86_64 manylinux1_x86_64; do
    platforms="$platforms --platform $p"
done
# shellcheck disable=SC2086
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp $platforms -d .whl keras namex optree lazy_loader
rm -rf .whl/kzoo-*.whl build  # No stale modules from an old build.
python3 -m pip wheel -q --no-deps -w .whl .
ls -l .whl .data
