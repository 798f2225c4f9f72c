"""Module 11, risk and build vs buy: the risk register in ``risk``, cost of ownership in ``money``, uncertainty in ``uncertainty``."""
