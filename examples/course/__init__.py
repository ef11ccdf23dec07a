"""The course's claims, one experiment per script (see kzoo.course).

Run one: `python examples/course/01_linear_collapse.py [--quick]`.
Run all and make the gallery: `kzoo course [--quick] --out DIR`.
This folder installs as `kzoo.course.experiments`.
"""
