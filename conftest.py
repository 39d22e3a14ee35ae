"""Suite-wide test settings.

Hypothesis runs derandomised with no per-example deadline: CI shares two cores with model
training, and a property test must fail because of its property, not because of the clock.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "polydoctest",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("polydoctest")
