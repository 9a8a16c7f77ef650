"""The bare Flask app the board is compared with: one route answering "hello"."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The cheapest page Flask can serve: the ceiling for the board's throughput."""
    return "hello"
