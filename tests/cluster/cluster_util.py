"""The cluster tests' names for the shared harness (tests/lib/shoaltest.py):
Cluster (a real `shoal start` master on a temporary config and app, two
workers), free_port, accepts, wait_for, expect and run_tests, the test
files' main."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from shoaltest import (Cluster, accepts, check, expect, fail, finish,  # noqa: E402,F401
                       free_port, run_tests, wait_for)
