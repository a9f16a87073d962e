"""gandsl: GAN art from a text file."""
import os

__version__ = "0.1.0"

# OpenMP threads that spin while another process holds their core slow a training step 10x on a
# small CPU (docs/reproducibility.md); yield quickly instead. Must be set before torch loads.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")
