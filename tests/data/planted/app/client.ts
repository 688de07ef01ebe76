export const config = {
  githubToken: "ghp_wzun0FtOn4BU5hG5j795TZKICFKnNbvsIpwr",
  fixtureToken: "ghp_PBvZDXUBthuEpajM9sD81WuR4ndDqPMKuBIS", // keylint:allow
  // keylint:allow-next-line=github-classic-pat
  otherToken: "ghp_VOcDBha26f0bEcJhvgEvJwzT0BozsbJHf0ne",
};
