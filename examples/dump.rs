fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.last().unwrap();
    let doc = ibid::read::read_path(path, None).unwrap();
    let ex = ibid::extract::extract(doc, ibid::outlets::Registry::builtin());
    let v = serde_json::json!({"version":1,"documents":[{"path":path,"footnotes":ex.footnotes,"callouts":ex.callouts}]});
    println!("{}", serde_json::to_string_pretty(&v).unwrap());
}
