// Sends a Slack message when a payment fails.
const { WebClient } = require("@slack/web-api");

const slack = new WebClient("xoxb-591012843688-1307005747636-oU8nDX7rnx5xrbw0aRFvKyQQ");
const stripeKey = "sk_live_bV4iOmSpnXJzjdO9KnUcOwcO";

// An allowed test fixture value:
const testToken = "ghp_cCcRtIiGKrzBYXHolHYa13il3C31U0lVvwvH"; // keylint:allow

module.exports = { slack, stripeKey, testToken };
