"""The demonstration data set: North Kazakhstan region with the Akzhar district in detail.

This app sits above every other one: it may import them all, and none imports it. It has no models;
`manage.py load_demo` writes the data through the other apps' services and importers.
"""
