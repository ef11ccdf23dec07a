"""kzoo's machinery, private: the registry type, argument checks, atomic file
writes and seeding. Everything above imports from here; this imports nothing
of kzoo's."""
