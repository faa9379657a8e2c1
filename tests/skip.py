"""Stands in for a test that cannot run here: prints why and exits 77, meson's skip.
usage: skip.py REASON"""
import sys

print('skipped:', ' '.join(sys.argv[1:]))
sys.exit(77)
