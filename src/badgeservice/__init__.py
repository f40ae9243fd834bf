"""badgeservice: an Open Badges 2.0 and 3.0 issuer for the Isopolis network."""
