"""pyzeebe job workers, one router per task family; thin wrappers over ``services``."""
