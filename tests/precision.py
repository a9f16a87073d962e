"""Tolerances that follow the precision training runs in (GANDSL_PRECISION, else the CPU's)."""
from gandsl.numerics import precision

PRECISION = precision("cpu")
# Two runs that differ only in reduction order (processes, threads) drift by a few ulps of the
# precision per step: fp32 stays within 1e-4 over the tests' few steps, bf16 (8 bits of mantissa)
# within a few 1e-3 (2e-4 measured on an AMX Xeon, 12 steps).
ATOL, RTOL = (1e-4, 1e-3) if PRECISION == "fp32" else (1e-2, 5e-2)
