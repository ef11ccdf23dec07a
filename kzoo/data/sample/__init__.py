"""A bundled sample of real MNIST digits: the loader's last resort."""
