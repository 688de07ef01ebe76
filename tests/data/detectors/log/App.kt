fun load(password: String) {
    println("password is $password") // expect: log-secret-in-log-call
    println("password set: ${password.isNotEmpty()}")
}
