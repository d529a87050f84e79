"""qawl: a Label Studio ML backend for Arabic news quotes, speakers and entities."""
