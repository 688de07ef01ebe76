// IAM policy parsing and the matching rules the policy checks rely on.
#include "auditor/iam_policy.h"

#include <gtest/gtest.h>

namespace keylint {
namespace {

PolicyDocument Parse(const std::string& json) {
  PolicyDocument doc;
  std::string error;
  EXPECT_TRUE(ParsePolicyText(json, 7, 3, &doc, &error)) << error;
  return doc;
}

TEST(AuditIamPolicy, StatementAsObjectOrList) {
  PolicyDocument one = Parse(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
          "Action":"secretsmanager:GetSecretValue","Resource":"*"}})");
  ASSERT_EQ(one.statements.size(), 1u);
  EXPECT_TRUE(one.statements[0].allow);
  EXPECT_EQ(one.statements[0].line, 7);  // the string's position
  EXPECT_EQ(one.statements[0].column, 3);

  PolicyDocument two = Parse(
      R"({"Statement":[{"Sid":"A","Effect":"Allow","Action":["a:B","a:C"],
          "Resource":["r1","r2"]},
         {"Effect":"Deny","NotAction":"x:*","NotResource":"r3"}]})");
  ASSERT_EQ(two.statements.size(), 2u);
  EXPECT_EQ(two.statements[0].sid, "A");
  EXPECT_EQ(two.statements[0].actions.size(), 2u);
  EXPECT_EQ(two.statements[0].resources.size(), 2u);
  EXPECT_FALSE(two.statements[1].allow);
  EXPECT_TRUE(two.statements[1].not_action);
  EXPECT_TRUE(two.statements[1].not_resource);
  EXPECT_EQ(two.statements[1].index, 1);
}

TEST(AuditIamPolicy, PrincipalShapes) {
  PolicyDocument doc = Parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"a:B"},
      {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"a:B"},
      {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]},"Action":"a:B"},
      {"Effect":"Allow","Principal":{"AWS":123456789012,"Service":["lambda.amazonaws.com"]},"Action":"a:B"},
      {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:role/x"},"Action":"a:B"}]})");
  ASSERT_EQ(doc.statements.size(), 5u);
  EXPECT_TRUE(doc.statements[0].principal.wildcard);
  EXPECT_TRUE(doc.statements[1].principal.wildcard);
  EXPECT_TRUE(doc.statements[2].principal.wildcard);
  EXPECT_EQ(doc.statements[2].principal.entries.size(), 2u);
  const PolicyPrincipal& p3 = doc.statements[3].principal;
  EXPECT_FALSE(p3.wildcard);
  ASSERT_EQ(p3.entries.size(), 2u);
  EXPECT_EQ(p3.entries[0].first, "AWS");
  EXPECT_EQ(p3.entries[0].second, "123456789012");
  EXPECT_EQ(p3.entries[1].first, "Service");
  EXPECT_TRUE(doc.statements[4].has_not_principal);
  EXPECT_FALSE(doc.statements[4].has_principal);
}

TEST(AuditIamPolicy, ConditionOperatorsKeysAndValues) {
  PolicyDocument doc = Parse(R"({"Statement":{"Effect":"Allow","Principal":"*",
      "Action":"a:B","Condition":{
        "StringEquals":{"aws:PrincipalOrgID":"o-1","aws:SourceAccount":["1","2"]},
        "ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-1/*"}}}})");
  const auto& c = doc.statements[0].conditions;
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].op, "StringEquals");
  EXPECT_EQ(c[0].key, "aws:PrincipalOrgID");
  EXPECT_EQ(c[1].values.size(), 2u);
  EXPECT_EQ(c[2].op, "ForAnyValue:StringLike");
}

TEST(AuditIamPolicy, UrlEncodedDocumentsAreDecoded) {
  PolicyDocument doc = Parse(
      "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22"
      "kms%3ADecrypt%22%2C%22Resource%22%3A%22%2A%22%7D%7D");
  ASSERT_EQ(doc.statements.size(), 1u);
  EXPECT_EQ(doc.statements[0].actions[0], "kms:Decrypt");
  EXPECT_EQ(doc.statements[0].resources[0], "*");
}

TEST(AuditIamPolicy, MalformedPoliciesAreErrorsWithoutValues) {
  PolicyDocument doc;
  std::string error;
  EXPECT_FALSE(ParsePolicyText("{\"Statement\": [", 1, 1, &doc, &error));
  EXPECT_NE(error.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(ParsePolicyText(R"({"Version":"2012-10-17"})", 1, 1, &doc,
                               &error));
  EXPECT_EQ(error, "the policy has no Statement");
  EXPECT_FALSE(ParsePolicyText(
      R"({"Statement":{"Effect":"Maybe","Action":"a:b"}})", 1, 1, &doc,
      &error));
  EXPECT_NE(error.find("Effect"), std::string::npos);
  EXPECT_FALSE(ParsePolicyText(
      R"({"Statement":{"Effect":"Allow","Action":"a","NotAction":"b"}})", 1,
      1, &doc, &error));
  EXPECT_FALSE(ParsePolicyText(
      R"({"Statement":{"Effect":"Allow","Principal":"s3cr3t-value"}})", 1, 1,
      &doc, &error));
  EXPECT_EQ(error.find("s3cr3t"), std::string::npos);
}

TEST(AuditIamPolicy, ActionMatchingFollowsIam) {
  EXPECT_TRUE(ActionMatches("*", "secretsmanager:GetSecretValue"));
  EXPECT_TRUE(ActionMatches("secretsmanager:*", "secretsmanager:DeleteSecret"));
  EXPECT_TRUE(ActionMatches("SecretsManager:get*", "secretsmanager:GetSecretValue"));
  EXPECT_TRUE(ActionMatches("ssm:GetParameter?", "ssm:GetParameters"));
  EXPECT_FALSE(ActionMatches("ssm:GetParameter", "ssm:GetParameters"));
  EXPECT_FALSE(ActionMatches("kms:*", "ssm:GetParameter"));

  PolicyStatement s;
  s.actions = {"secretsmanager:DeleteSecret"};
  s.not_action = true;
  EXPECT_TRUE(StatementAllowsAction(s, "secretsmanager:GetSecretValue"));
  EXPECT_FALSE(StatementAllowsAction(s, "secretsmanager:DeleteSecret"));
}

TEST(AuditIamPolicy, WildcardResources) {
  EXPECT_TRUE(IsWildcardResource("*"));
  EXPECT_TRUE(IsWildcardResource("arn:aws:secretsmanager:*:*:secret:*"));
  EXPECT_TRUE(IsWildcardResource("arn:aws:ssm:us-east-1:111122223333:parameter/*"));
  EXPECT_TRUE(IsWildcardResource("arn:aws:ssm:us-east-1:111122223333:parameter*"));
  EXPECT_TRUE(IsWildcardResource("arn:aws:kms:*:111122223333:key/*"));
  EXPECT_TRUE(IsWildcardResource("arn:aws:ssm:*:*:*"));
  EXPECT_FALSE(IsWildcardResource("arn:aws:ssm:*:*:parameter/prod/payments/*"));
  EXPECT_FALSE(IsWildcardResource("arn:aws:secretsmanager:*:*:secret:prod/*"));
  EXPECT_FALSE(IsWildcardResource("prod/*"));
}

TEST(AuditIamPolicy, PrincipalAccounts) {
  EXPECT_EQ(PrincipalAccount("111122223333"), "111122223333");
  EXPECT_EQ(PrincipalAccount("arn:aws:iam::444455556666:root"), "444455556666");
  EXPECT_EQ(PrincipalAccount("arn:aws:sts::444455556666:assumed-role/r/s"),
            "444455556666");
  EXPECT_FALSE(PrincipalAccount("*").has_value());
  EXPECT_FALSE(PrincipalAccount("lambda.amazonaws.com").has_value());
  EXPECT_FALSE(
      PrincipalAccount("arn:aws:iam::${AWS::AccountId}:root").has_value());
}

TEST(AuditIamPolicy, WhichConditionOperatorsRestrict) {
  EXPECT_TRUE(IsMatchingConditionOperator("StringEquals"));
  EXPECT_TRUE(IsMatchingConditionOperator("stringlike"));
  EXPECT_TRUE(IsMatchingConditionOperator("ArnLike"));
  EXPECT_TRUE(IsMatchingConditionOperator("ForAnyValue:StringEquals"));
  EXPECT_FALSE(IsMatchingConditionOperator("ForAllValues:StringEquals"));
  EXPECT_FALSE(IsMatchingConditionOperator("StringNotEquals"));
  EXPECT_FALSE(IsMatchingConditionOperator("StringEqualsIfExists"));
  EXPECT_FALSE(IsMatchingConditionOperator("Null"));
  EXPECT_TRUE(ConditionKeyIn("AWS:SourceVpce", {"aws:SourceVpce"}));
  EXPECT_TRUE(ConditionKeyIn("kms:EncryptionContext:app",
                             {"kms:EncryptionContext:*"}));
  EXPECT_FALSE(ConditionKeyIn("aws:SecureTransport", {"aws:SourceVpc"}));
}

}  // namespace
}  // namespace keylint
