// DocNode parsing: positions in JSON and YAML, concatenated JSON texts,
// CloudFormation short-form tags, and errors that name line and column
// without quoting the input.
#include "auditor/doc.h"

#include <gtest/gtest.h>

namespace keylint {
namespace {

TEST(AuditDoc, JsonMembersAreLocatedAtTheirKeys) {
  std::string text =
      "{\n"
      "  \"SecretList\": [\n"
      "    {\n"
      "      \"Name\": \"prod/app/secrets/x\",\n"
      "      \"Count\": 42\n"
      "    }\n"
      "  ]\n"
      "}\n";
  DocNode doc;
  DocParseError err;
  ASSERT_TRUE(ParseJsonDocument(text, &doc, &err)) << err.cause;
  const DocNode* list = doc.Get("SecretList");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->line, 2);
  EXPECT_EQ(list->column, 3);
  ASSERT_EQ(list->items.size(), 1u);
  const DocNode& entry = list->items[0];
  EXPECT_EQ(entry.line, 3);  // an array element: where it starts
  EXPECT_EQ(entry.column, 5);
  EXPECT_EQ(entry.Get("Name")->line, 4);
  EXPECT_EQ(entry.Get("Name")->column, 7);
  EXPECT_EQ(entry.GetStr("Name"), "prod/app/secrets/x");
  // A number at the end of a line stays on its line although the lexer
  // reads the newline after it.
  EXPECT_EQ(entry.Get("Count")->line, 5);
  EXPECT_EQ(entry.Get("Count")->AsInt(), 42);
}

TEST(AuditDoc, ArrayElementsThatAreNumbersKeepTheirLines) {
  DocNode doc;
  DocParseError err;
  ASSERT_TRUE(ParseJsonDocument("[1,\n 2.5e1\n,true]", &doc, &err));
  ASSERT_EQ(doc.items.size(), 3u);
  EXPECT_EQ(doc.items[0].line, 1);
  EXPECT_EQ(doc.items[1].line, 2);
  EXPECT_EQ(doc.items[1].column, 2);
  EXPECT_EQ(doc.items[1].AsNumber(), 25.0);
  EXPECT_EQ(doc.items[2].line, 3);
  EXPECT_EQ(doc.items[2].AsBool(), true);
}

TEST(AuditDoc, ConcatenatedPagesAreSeparateDocuments) {
  std::string text = "{\"a\": 1}\n{\"b\": [\n2]}\n\n  {\"c\": null}";
  std::vector<DocNode> docs;
  DocParseError err;
  ASSERT_TRUE(ParseJsonDocuments(text, &docs, &err)) << err.cause;
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_NE(docs[0].Get("a"), nullptr);
  EXPECT_EQ(docs[1].Get("b")->line, 2);
  EXPECT_EQ(docs[1].Get("b")->items[0].line, 3);
  EXPECT_EQ(docs[2].line, 5);
  EXPECT_TRUE(docs[2].Get("c")->IsNull());

  DocNode one;
  EXPECT_FALSE(ParseJsonDocument(text, &one, &err));
  EXPECT_EQ(err.cause, "more than one JSON value");
}

TEST(AuditDoc, JsonErrorNamesLineAndColumnAndNeverQuotesInput) {
  std::string text =
      "{\n"
      "  \"password\": \"hunter2-very-secret\",\n"
      "  \"oops\": tru\n"
      "}\n";
  DocNode doc;
  DocParseError err;
  ASSERT_FALSE(ParseJsonDocument(text, &doc, &err));
  EXPECT_EQ(err.line, 3);
  EXPECT_GT(err.column, 0);
  EXPECT_FALSE(err.cause.empty());
  EXPECT_EQ(err.cause.find("hunter2"), std::string::npos);
  EXPECT_EQ(err.cause.find("tru"), std::string::npos) << err.cause;
  EXPECT_EQ(err.cause.find("json.exception"), std::string::npos);
}

TEST(AuditDoc, JsonErrorInLaterPageHasAbsoluteLine) {
  std::vector<DocNode> docs;
  DocParseError err;
  ASSERT_FALSE(ParseJsonDocuments("{\"a\": 1}\n{\"b\":\n}\n", &docs, &err));
  EXPECT_EQ(err.line, 3);
  EXPECT_EQ(docs.size(), 1u);
}

TEST(AuditDoc, EmptyInputIsAnError) {
  std::vector<DocNode> docs;
  DocParseError err;
  EXPECT_FALSE(ParseJsonDocuments("  \n ", &docs, &err));
  EXPECT_EQ(err.cause, "no JSON value");
}

TEST(AuditDoc, YamlShortFormTagsBecomeLongForm) {
  std::string text =
      "Resources:\n"
      "  S:\n"
      "    Properties:\n"
      "      Name: !Sub '${Env}/app'\n"
      "      Key: !Ref KeyParam\n"
      "      Arn: !GetAtt Role.Arn\n"
      "      Deep: !GetAtt Db.Endpoint.Address\n"
      "      Joined: !Join [\"/\", [a, !Ref B]]\n"
      "      Quoted: '!NotATag'\n"
      "      Typed: !!str 42\n"
      "      When: !If [IsProd, a, b]\n"
      "      Cond: !Condition IsProd\n";
  DocNode doc;
  DocParseError err;
  ASSERT_TRUE(ParseYamlDocument(text, &doc, &err)) << err.cause;
  const DocNode* p = doc.Get("Resources")->Get("S")->Get("Properties");
  ASSERT_NE(p, nullptr);
  const DocNode* name = p->Get("Name");
  ASSERT_TRUE(name->IsObject());
  EXPECT_EQ(name->keys[0], "Fn::Sub");
  EXPECT_EQ(name->items[0].text, "${Env}/app");
  EXPECT_EQ(name->line, 4);
  EXPECT_EQ(p->Get("Key")->keys[0], "Ref");
  EXPECT_EQ(p->Get("Key")->items[0].text, "KeyParam");
  const DocNode* arn = p->Get("Arn")->Get("Fn::GetAtt");
  ASSERT_NE(arn, nullptr);
  ASSERT_EQ(arn->items.size(), 2u);
  EXPECT_EQ(arn->items[0].text, "Role");
  EXPECT_EQ(arn->items[1].text, "Arn");
  EXPECT_EQ(p->Get("Deep")->Get("Fn::GetAtt")->items[1].text,
            "Endpoint.Address");
  const DocNode* join = p->Get("Joined")->Get("Fn::Join");
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->items[1].items[1].keys[0], "Ref");
  EXPECT_EQ(p->GetStr("Quoted"), "!NotATag");
  EXPECT_EQ(p->GetStr("Typed"), "42");
  EXPECT_EQ(p->Get("When")->keys[0], "Fn::If");
  EXPECT_EQ(p->Get("Cond")->keys[0], "Condition");
}

TEST(AuditDoc, YamlErrorNamesLine) {
  DocNode doc;
  DocParseError err;
  ASSERT_FALSE(ParseYamlDocument("a:\n  b: 1\n c: [\n", &doc, &err));
  EXPECT_GT(err.line, 1);
  EXPECT_FALSE(err.cause.empty());
}

TEST(AuditDoc, SetPositionsPlacesEmbeddedDocuments) {
  DocNode doc;
  DocParseError err;
  ASSERT_TRUE(ParseJsonDocument("{\"a\": [1, {\"b\": 2}]}", &doc, &err));
  SetPositions(&doc, 17, 4);
  EXPECT_EQ(doc.Get("a")->items[1].Get("b")->line, 17);
  EXPECT_EQ(doc.Get("a")->items[1].Get("b")->column, 4);
}

}  // namespace
}  // namespace keylint
