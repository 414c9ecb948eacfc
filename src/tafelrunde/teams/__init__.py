"""Teams: colleagues share chosen contacts and trips; nobody's private network is given away."""
