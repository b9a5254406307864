"""vaekst: the Danish growth-house model as a platform."""
