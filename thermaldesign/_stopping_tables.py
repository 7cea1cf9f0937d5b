"""Stopping-power data for the range-energy dose method of :mod:`thermaldesign.radiation`.

Protons: NIST PSTAR total (electronic + nuclear) mass stopping power [MeV cm^2/g] of
aluminium and silicon, rows transcribed from the public PSTAR tables (M. J. Berger,
J. S. Coursey, M. A. Zucker and J. Chang, "ESTAR, PSTAR, and ASTAR: Computer Programs for
Calculating Stopping-Power and Range Tables for Electrons, Protons, and Helium Ions",
NIST Standard Reference Database 124, https://physics.nist.gov/PhysRefData/Star/Text/PSTAR.html,
doi:10.18434/T4NC7P), transcribed 2026-12-04 from the verbatim PSTAR copy in
libamtrack (src/AT_StoppingPowerDataPSTAR.c). A subset of the PSTAR default energies is
kept between 0.01 and 1000 MeV (the trapped-proton model stops at 400 MeV); the CSDA
range is their integral (:func:`thermaldesign.radiation.csda_range_table`), which is how
PSTAR defines it.

Electrons: the ESTAR tables were not available to transcribe here; the electron
range-energy relation is the empirical one of Katz & Penfold, Rev. Mod. Phys. 24, 28
(1952), eq. 6-7 (aluminium, within a few % for low-Z absorbers), an *extrapolated*
(practical) range that already includes the path lost to multiple scattering, which a
straight-ahead range-energy method needs. Confidence: PSTAR rows high (NIST data);
Katz-Penfold medium (empirical fit, ~10 %).
"""

from __future__ import annotations

import numpy as np

# kinetic energy [MeV], S/rho aluminium [MeV cm^2/g], S/rho silicon [MeV cm^2/g]  (PSTAR)
PSTAR_ROWS = np.array([
    (1.000e-02, 2.966e+02, 3.366e+02),
    (1.500e-02, 3.483e+02, 3.961e+02),
    (2.000e-02, 3.867e+02, 4.408e+02),
    (3.000e-02, 4.373e+02, 5.011e+02),
    (4.000e-02, 4.638e+02, 5.342e+02),
    (5.000e-02, 4.749e+02, 5.485e+02),
    (6.000e-02, 4.764e+02, 5.504e+02),
    (8.000e-02, 4.653e+02, 5.333e+02),
    (1.000e-01, 4.477e+02, 5.053e+02),
    (1.500e-01, 4.051e+02, 4.379e+02),
    (2.000e-01, 3.715e+02, 3.889e+02),
    (3.000e-01, 3.218e+02, 3.263e+02),
    (4.000e-01, 2.844e+02, 2.862e+02),
    (5.000e-01, 2.550e+02, 2.569e+02),
    (6.000e-01, 2.316e+02, 2.353e+02),
    (8.000e-01, 1.968e+02, 2.012e+02),
    (1.000e+00, 1.720e+02, 1.754e+02),
    (1.500e+00, 1.328e+02, 1.355e+02),
    (2.000e+00, 1.095e+02, 1.118e+02),
    (3.000e+00, 8.250e+01, 8.433e+01),
    (4.000e+00, 6.707e+01, 6.860e+01),
    (5.000e+00, 5.695e+01, 5.828e+01),
    (6.000e+00, 4.973e+01, 5.091e+01),
    (8.000e+00, 4.004e+01, 4.101e+01),
    (1.000e+01, 3.376e+01, 3.459e+01),
    (1.500e+01, 2.466e+01, 2.529e+01),
    (2.000e+01, 1.969e+01, 2.020e+01),
    (3.000e+01, 1.431e+01, 1.469e+01),
    (4.000e+01, 1.142e+01, 1.173e+01),
    (5.000e+01, 9.594e+00, 9.856e+00),
    (6.000e+01, 8.334e+00, 8.564e+00),
    (8.000e+01, 6.698e+00, 6.885e+00),
    (1.000e+02, 5.678e+00, 5.838e+00),
    (1.500e+02, 4.262e+00, 4.383e+00),
    (2.000e+02, 3.526e+00, 3.628e+00),
    (3.000e+02, 2.773e+00, 2.853e+00),
    (4.000e+02, 2.393e+00, 2.462e+00),
    (5.000e+02, 2.167e+00, 2.230e+00),
    (6.000e+02, 2.020e+00, 2.079e+00),
    (8.000e+02, 1.845e+00, 1.899e+00),
    (1.000e+03, 1.750e+00, 1.801e+00),
])

# Katz & Penfold (1952): R [g/cm^2] = 0.412 E^(1.265 - 0.0954 ln E), 0.01 <= E <= 2.5 MeV;
# R = 0.530 E - 0.106 above 2.5 MeV.
KATZ_PENFOLD = {"a": 0.412, "b": 1.265, "c": 0.0954, "slope": 0.530, "offset": 0.106,
                "break": 2.5}
