package main

const slackToken = "xoxb-215730933198-2192807898211-VfhWecfk7tjXUpyipRtfK7Pf"
var stripeKey = "sk_live_dAGRFNC3hYo6LJvZjIr5edSe" // two secrets, one file
